export { slackSimulator, type TSlackMessage, type TSlackSimulator, type TSlackState, type TSlackWebhook } from "./slack-simulator";
export { checkSlackPayload, type TSlackPayloadCheck, type TSlackPayloadError } from "./slack-payload";
