import { type TSquareState } from "../state";
import { type TSquareEvent } from "../webhooks";

/** What each group of routes needs from the simulator. */
export interface TSquareRouteDeps {
  state: () => TSquareState;
  /** Starts delivering an event to its subscribers without waiting for them. */
  emit: (event: TSquareEvent) => void;
}
