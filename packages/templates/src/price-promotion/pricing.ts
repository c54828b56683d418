import { literal } from "../template";
import { currencyUnits, type TPricePromotionParams } from "./params";

// Every amount inside the definition is an integer in the currency's smallest unit (as
// Square keeps prices), so comparisons are exact; Shopify's decimal strings are converted
// on the way in ($toMinor) and out ($format).

/** JSONata helpers every pricing expression starts with: $toMinor("18.50") = 1850, $format(1850) = "18.50". */
export function moneyHelpers(params: TPricePromotionParams): string {
  const { factor, picture } = currencyUnits(params.currency);
  return `
    $factor := ${literal(factor)};
    $toMinor := function($price) { $price = null ? null : $round($number($price) * $factor) };
    $format := function($amount) { $formatNumber($amount / $factor, ${literal(picture)}) };`;
}

/**
 * Checks the run's input and rounds its prices by the installation's rule. A promotion
 * that cannot run (no SKUs, a SKU twice, a price not above 0, a compare-at price not above
 * the price, a time that is not ISO 8601, an end before the start) fails here, before any
 * system is read, with every problem named.
 */
export function prepareExpression(params: TPricePromotionParams): string {
  return `(
    ${moneyHelpers(params)}
    $rounding := ${literal(params.rounding)};
    $exact := function($price) { $round($price * $factor) };
    $rounded := function($price) { (
      $amount := $exact($price);
      $charm := $floor(($amount + 1) / 100) * 100 - 1;
      $rounding = "endIn99" ? ($charm > 0 ? $charm : $amount) : $rounding = "nearest5" ? $round($amount / 5) * 5 : $amount
    ) };
    $isTime := function($time) { $type($time) = "string" and $contains($time, /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}/) };
    $prices := [input.prices];
    $skus := [$prices.sku];
    $problems := [
      $type(input.promotionId) != "string" or input.promotionId = "" ? "promotionId is missing",
      $count($prices) = 0 ? "prices lists no SKU",
      $count($prices) > 100 ? "prices lists " & $count($prices) & " SKUs, at most 100 a promotion",
      $count($prices[$type(sku) != "string" or sku = ""]) > 0 ? "every price needs a sku",
      $count($distinct($skus)) != $count($skus) ? "a SKU is listed twice: " & $join([$distinct($skus[($sku := $; $count($skus[$ = $sku]) > 1)])], ", "),
      $prices[$type(price) != "number" or price <= 0].("the price of " & sku & " must be a number above 0"),
      $prices[$exists(compareAtPrice) and ($type(compareAtPrice) != "number" or compareAtPrice <= price)].("the compare-at price of " & sku & " must be above its price"),
      $not($isTime(input.activateAt)) ? "activateAt is not an ISO 8601 time",
      $exists(input.endsAt) and $not($isTime(input.endsAt)) ? "endsAt is not an ISO 8601 time",
      $isTime(input.activateAt) and $isTime(input.endsAt) and $toMillis(input.endsAt) <= $toMillis(input.activateAt) ? "endsAt must be after activateAt"
    ];
    $count($problems) > 0 ? $error("promotion " & input.promotionId & " cannot be scheduled: " & $join($problems, "; ")) : {
      "promotionId": input.promotionId,
      "name": input.name,
      "skus": $skus,
      "prices": [$prices.{
        "sku": sku,
        "requested": price,
        "amount": $rounded(price),
        "price": $format($rounded(price)),
        "compareAtPrice": $exists(compareAtPrice) ? $format($exact(compareAtPrice)) : null
      }]
    }
  )`;
}

export interface TAssessmentOptions {
  /** The steps whose outputs hold the prices read from Square and from Shopify. */
  posStep: string;
  shopStep: string;
  /** Names the moment in the failure: "cannot be scheduled", "cannot start". */
  refusal: string;
}

/**
 * Joins the promotion with the prices both systems hold now. Fails, naming every SKU, when a
 * SKU is missing from either system or Square prices it at the register or in another
 * currency: a promotion runs everywhere or nowhere. Otherwise it answers each SKU's cut
 * (against the highest current price, in percent), the cuts deeper than the guard, and the
 * plan: every variation's price now and its promotion price.
 */
export function assessmentExpression(params: TPricePromotionParams, { posStep, shopStep, refusal }: TAssessmentOptions): string {
  return `(
    ${moneyHelpers(params)}
    $currency := ${literal(params.currency)};
    $promotion := steps.prepare.output;
    $pos := [steps.${posStep}.output.variations];
    $shop := [steps.${shopStep}.output.variants];
    $rows := [$promotion.prices.(
      $sku := sku;
      $new := amount;
      $current := $append([$pos[sku = $sku].priceMoney.amount], [$shop[sku = $sku].$toMinor(price)]);
      {
        "sku": $sku,
        "price": price,
        "squarePrices": [$pos[sku = $sku].priceMoney.$format(amount)],
        "shopifyPrices": [$shop[sku = $sku].price],
        "cutPercent": $round($max([0, $current[$ > 0].(($ - $new) / $ * 100)]), 1)
      }
    )];
    $listed := function($skus) { $join([$distinct($skus)], ", ") };
    $notInSquare := $promotion.skus[$not($ in $pos.sku)];
    $notInShopify := $promotion.skus[$not($ in $shop.sku)];
    $problems := [
      $count($notInSquare) > 0 ? "not in Square: " & $listed($notInSquare),
      $count($notInShopify) > 0 ? "not in Shopify: " & $listed($notInShopify),
      $count($pos[priceMoney = null]) > 0 ? "priced at the register in Square: " & $listed($pos[priceMoney = null].sku),
      $count($pos[priceMoney and priceMoney.currency != $currency]) > 0 ? "priced in another currency than " & $currency & " in Square: " & $listed($pos[priceMoney and priceMoney.currency != $currency].sku)
    ];
    $count($problems) > 0 ? $error("promotion " & $promotion.promotionId & " " & ${literal(refusal)} & ", nothing was changed: " & $join($problems, "; ")) : {
      "rows": $rows,
      "deepCuts": [$rows[cutPercent > ${literal(params.maxDiscountPercent)}]],
      "deepestCutPercent": $max($rows.cutPercent),
      "plan": {
        "pos": [$pos.(
          $sku := sku;
          $target := $promotion.prices[sku = $sku];
          { "id": id, "sku": sku, "version": version, "from": priceMoney.amount, "to": $target.amount }
        )],
        "shop": [$shop.(
          $sku := sku;
          $target := $promotion.prices[sku = $sku];
          {
            "id": id,
            "productId": productId,
            "sku": sku,
            "fromPrice": price,
            "fromCompareAtPrice": compareAtPrice,
            "toPrice": $target.price,
            "toCompareAtPrice": $target.compareAtPrice != null ? $target.compareAtPrice : compareAtPrice
          }
        )]
      }
    }
  )`;
}

/** JSONata: the promotion as messages name it, "SPRING-24 (Spring sale)". */
export const PROMOTION_LABEL = `(steps.prepare.output.promotionId & ($type(steps.prepare.output.name) = "string" and steps.prepare.output.name != "" ? " (" & steps.prepare.output.name & ")" : ""))`;

/** JSONata: the SKUs of plan rows, listed once each. */
export const listSkus = (rows: string) => `$join([$distinct(${rows}.sku)], ", ")`;

/** The activation plan `assessmentExpression` answered at the start time: every variation's price before and during the promotion. */
export const PLAN = "steps.reassess.output.plan";
