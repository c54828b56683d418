export { JOBS, type TJobName, type TJobSpec } from "./jobs";
export { createQueuePublisher, startStepFleet, type StartStepFleetOptions } from "./step-fleet";
export { readQueueEnv } from "./env";
