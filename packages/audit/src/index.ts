export { recordAudit, type RecordAuditOptions } from "./record-audit";
export { listAuditEvents, ZListAuditEventsInput, type TListAuditEventsInput, type TAuditEventDto } from "./list-audit-events";
export { redactAuditData } from "./redact";
