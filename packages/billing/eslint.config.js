import base from "@storeflow/eslint-config";

export default base;
