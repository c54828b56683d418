export { squareConnector } from "./connector";
export { SQUARE_BASE_URLS, ZSquareConfig, ZSquareSecrets, type TSquareConfig, type TSquareSecrets } from "./config";
