import base from "@storeflow/eslint-config";

export default [...base, { ignores: [".next/**", "next-env.d.ts"] }];
