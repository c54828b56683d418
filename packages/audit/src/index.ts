export { type AuditEventOptions } from "./audit-row";
export { recordAudit, type RecordAuditOptions } from "./record-audit";
export { recordAuditOn, type TAuditQueryable } from "./record-audit-on";
export { listAuditEvents, ZListAuditEventsInput, type TListAuditEventsInput, type TAuditEventDto } from "./list-audit-events";
export { verifyAuditChain, type VerifyAuditChainOptions, type TAuditChainReport, type TAuditChainBreak } from "./verify-audit-chain";
export { AUDIT_GENESIS_HASH, canonicalAuditEvent, hashAuditEvent, type TChainedAuditEvent } from "./audit-hash";
export { type TAuditDb } from "./audit-sql";
export { redactAuditData } from "./redact";
