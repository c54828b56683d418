import { type TVendorFactory } from "../../server";
import { type TVendorSimulator } from "../../vendor";
import { createShipBobRoutes } from "./routes";
import { createShipBobState, defaultShipBobSeed } from "./seed";
import { deliverShipment, shipShipment } from "./simulate";
import { type TSbSeed, type TSbShipment, type TSbState } from "./state";

export interface TShipBobSimulator extends TVendorSimulator<TSbState> {
  /** The warehouse ships a shipment (as `POST /simulate/shipment` ShipOrder does); fires order.shipped. */
  shipShipment(shipmentId: number): TSbShipment;
  deliverShipment(shipmentId: number): TSbShipment;
}

/** ShipBob's 2026-01 REST API and its signed webhooks, mounted at `/shipbob`: point `baseUrl` at `<sim>/shipbob`. */
export function createShipBobSimulator(seed: Partial<TSbSeed> = {}): TVendorFactory {
  return (context): TShipBobSimulator => {
    const initial: TSbSeed = { ...defaultShipBobSeed(), ...seed };
    const state = createShipBobState(initial);
    return {
      key: "shipbob",
      routes: createShipBobRoutes(state, context),
      state,
      reset() {
        // Routes hold this object: refill it rather than replace it.
        Object.assign(state, createShipBobState(initial));
      },
      shipShipment: (shipmentId) => shipShipment({ state, context, shipmentId: String(shipmentId) }),
      deliverShipment: (shipmentId) => deliverShipment({ state, context, shipmentId: String(shipmentId) }),
    };
  };
}

export const shipbobSimulator: TVendorFactory = createShipBobSimulator();
