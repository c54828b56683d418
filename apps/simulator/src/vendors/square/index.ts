export { createSquareSimulator, squareSimulator, type TSquareSimulator } from "./simulator";
export { addSquarePayout, type TSquarePayoutSeed } from "./payouts";
export { DEFAULT_SQUARE_SEED, type TSquareOrderSeed, type TSquareSeed } from "./seed";
export { type TSquareCount, type TSquareOrder, type TSquarePayment, type TSquarePayout, type TSquarePayoutEntry, type TSquareRefund, type TSquareState, type TSquareSubscription } from "./state";
export { signSquareWebhook, type TSquareEvent } from "./webhooks";
