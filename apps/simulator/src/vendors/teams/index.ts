export { teamsSimulator, type TTeamsMessage, type TTeamsSimulator, type TTeamsState, type TTeamsWebhook } from "./teams-simulator";
export { checkTeamsPayload, type TTeamsPayloadCheck } from "./teams-payload";
