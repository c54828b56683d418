import base from "@storeflow/eslint-config";

// This package is where process.env is read and validated for everyone else.
export default [...base, { rules: { "no-restricted-properties": "off" } }];
