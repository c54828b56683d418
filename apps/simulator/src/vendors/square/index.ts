export { createSquareSimulator, squareSimulator, type TSquareSimulator } from "./simulator";
export { DEFAULT_SQUARE_SEED, type TSquareOrderSeed, type TSquareSeed } from "./seed";
export { type TSquareCount, type TSquareOrder, type TSquarePayment, type TSquareRefund, type TSquareState, type TSquareSubscription } from "./state";
export { signSquareWebhook, type TSquareEvent } from "./webhooks";
