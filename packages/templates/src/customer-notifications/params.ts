import { z } from "zod";
import { MILESTONES } from "./milestone";
import { isTimeZone } from "../time/utc-offsets";

const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as "21:00"');
const ZColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a hex colour such as "#1F6FEB"');
const ZSubject = z.string().trim().min(1).max(200).regex(/^[^\r\n]*$/, "one line");
const ZBody = z.string().trim().min(1).max(5000);

const PLACEHOLDERS = "{customerName}, {orderNumber}, {amount}, {tracking}, {carrier}, {trackingNumber}, {trackingUrl}, {brandName}, {supportEmail}";

const subject = (title: string, value: string) => ZSubject.default(value).meta({ title, description: `One line. Placeholders: ${PLACEHOLDERS}.` });
const body = (title: string, value: string) =>
  ZBody.default(value).meta({ title, description: `Plain text; a blank line starts a new paragraph. Placeholders: ${PLACEHOLDERS}. The HTML version is rendered from it in the brand's colours.` });

export const ZCustomerNotificationsParams = z.object({
  brandName: z.string().trim().min(1).max(100).default("Storeflow Demo Shop").meta({ title: "Brand name", description: "The shop's name as customers know it: the e-mail header and {brandName}." }),
  supportEmail: z.email().default("support@storeflow-demo.example").meta({ title: "Support e-mail", description: "Where customers write with questions: the e-mail footer and {supportEmail}." }),
  brandColour: ZColour.default("#1F6FEB").meta({ title: "Brand colour", description: "Background of the e-mail header, and the colour of links." }),
  brandTextColour: ZColour.default("#FFFFFF").meta({ title: "Header text colour", description: "The brand name's colour on the header; pick one that reads on the brand colour." }),
  milestones: z
    .array(z.enum(MILESTONES))
    .default([...MILESTONES])
    .meta({ title: "Milestones to notify", description: "order_confirmed (Shopify order created), ready_for_pickup (started by staff or another workflow), order_shipped (ShipBob shipped or Shopify fulfilled), refund_issued (Shopify refund)." }),
  quietHoursEnabled: z.boolean().default(true).meta({ title: "Hold notifications during quiet hours", description: "A notification due inside the window is sent when it ends, never dropped." }),
  quietHoursStart: ZClock.default("21:00").meta({ title: "Quiet hours start", description: "Local time, 24-hour clock." }),
  quietHoursEnd: ZClock.default("08:00").meta({ title: "Quiet hours end", description: "Local time, 24-hour clock; earlier than the start means the window spans midnight." }),
  timeZone: z
    .string()
    .refine(isTimeZone, "an IANA time zone such as Europe/Amsterdam")
    .optional()
    .meta({ title: "Time zone of the quiet hours", description: "Leave empty to use the client's time zone." }),
  refundsBypassQuietHours: z.boolean().default(false).meta({ title: "Send refund notices during quiet hours", description: "Refunds are money back; some shops tell customers at once." }),
  suppressedEmails: z
    .array(z.email())
    .default([])
    .meta({ title: "Never e-mail", description: "Addresses that asked for no e-mail at all, or bounce. Marketing consent is not consulted: these are transactional notices." }),
  fallbackCustomerName: z.string().trim().min(1).max(60).default("there").meta({ title: "Greeting without a name", description: "{customerName} when the shop has no first name (Hi there)." }),
  orderConfirmedSubject: subject("Order confirmed: subject", "Thanks for your order {orderNumber}"),
  orderConfirmedBody: body("Order confirmed: message", "Hi {customerName},\n\nThank you for shopping with {brandName}! We have received your order {orderNumber} ({amount}) and are getting it ready."),
  readyForPickupSubject: subject("Ready for pickup: subject", "Your order {orderNumber} is ready for pickup"),
  readyForPickupBody: body("Ready for pickup: message", "Hi {customerName},\n\nGood news: your order {orderNumber} is ready. Bring your order number when you come to pick it up."),
  orderShippedSubject: subject("Shipped: subject", "Your order {orderNumber} is on its way"),
  orderShippedBody: body("Shipped: message", "Hi {customerName},\n\nYour order {orderNumber} has left our warehouse.\n\n{tracking}"),
  refundIssuedSubject: subject("Refund issued: subject", "We have refunded {amount} for order {orderNumber}"),
  refundIssuedBody: body("Refund issued: message", "Hi {customerName},\n\nWe have refunded {amount} for your order {orderNumber}. Depending on your bank it can take a few days to show on your statement."),
  footer: ZBody.default("Questions about your order? Reply to this e-mail or write to {supportEmail}.").meta({ title: "Footer", description: `Under every message. Placeholders: ${PLACEHOLDERS}.` }),
});
export type TCustomerNotificationsParams = z.output<typeof ZCustomerNotificationsParams>;
