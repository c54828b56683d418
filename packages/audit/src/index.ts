export { type AuditEventOptions } from "./audit-row";
export { recordAudit, type RecordAuditOptions } from "./record-audit";
export { recordAuditOn, type TAuditQueryable } from "./record-audit-on";
export { listAuditEvents, ZListAuditEventsInput, type TListAuditEventsInput, type TAuditEventDto } from "./list-audit-events";
export { redactAuditData } from "./redact";
