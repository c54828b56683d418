import { type TShopifyResolverContext } from "./resolver-context";
import { fromCents, fromGid, toCents, toGid, type TShopifyProduct, type TShopifyState, type TShopifyVariant } from "./state";
import { variantView } from "./views";

interface TVariantInput {
  id?: string | null;
  price?: string | number | null;
  compareAtPrice?: string | number | null;
}

interface TBulkUpdateArgs {
  productId: string;
  variants: TVariantInput[];
  allowPartialUpdates?: boolean | null;
}

interface TUserError {
  field: (string | number)[];
  message: string;
  code: string;
}

interface TChange {
  variant: TShopifyVariant;
  input: TVariantInput;
}

const isAmount = (value: unknown) => (typeof value === "string" || typeof value === "number") && /^-?\d+(\.\d+)?$/.test(String(value));

function findVariant(state: TShopifyState, gid: string): { product: TShopifyProduct; variant: TShopifyVariant } | undefined {
  const id = fromGid("ProductVariant", gid);
  for (const product of state.products) {
    const variant = product.variants.find((v) => v.id === id);
    if (variant) return { product, variant };
  }
  return undefined;
}

function checkPrice(value: TVariantInput["price"], field: (string | number)[]): TUserError | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isAmount(value)) return { field, message: "Price is invalid", code: "INVALID_INPUT" };
  if (Number(value) < 0) return { field, message: "The price of the variant must be greater than or equal to zero.", code: "GREATER_THAN_OR_EQUAL_TO" };
  return undefined;
}

function checkVariant(state: TShopifyState, product: TShopifyProduct, input: TVariantInput, i: number): TChange | TUserError {
  const field = ["variants", i];
  if (!input.id) return { field: [...field, "id"], message: "Product variant is missing ID attribute", code: "PRODUCT_VARIANT_ID_MISSING" };
  const found = findVariant(state, input.id);
  if (!found) return { field: [...field, "id"], message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" };
  if (found.product !== product) return { field: [...field, "id"], message: "Input must be for this product", code: "MUST_BE_FOR_THIS_PRODUCT" };
  return checkPrice(input.price, [...field, "price"]) ?? checkPrice(input.compareAtPrice, [...field, "compareAtPrice"]) ?? { variant: found.variant, input };
}

// Shopify keeps money to the cent and answers it as "12.50"; an explicit null compareAtPrice takes the variant off sale.
function applyChange({ variant, input }: TChange): void {
  if (input.price !== undefined && input.price !== null) variant.price = fromCents(toCents(String(input.price)));
  if (input.compareAtPrice !== undefined) variant.compareAtPrice = input.compareAtPrice === null ? null : fromCents(toCents(String(input.compareAtPrice)));
}

/**
 * productVariantsBulkUpdate, for prices: the variants of one product in one call, all or
 * nothing unless `allowPartialUpdates`. Shopify documents no `@idempotent` support for it
 * (setting a price is repeatable as it is), so the directive is accepted and ignored.
 */
function bulkUpdate({ state }: TShopifyResolverContext, args: TBulkUpdateArgs) {
  const product = state.products.find((p) => p.id === fromGid("Product", args.productId));
  if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
  const checked = args.variants.map((input, i) => checkVariant(state, product, input, i));
  const userErrors = checked.filter((c): c is TUserError => "code" in c);
  const changes = checked.filter((c): c is TChange => "variant" in c);
  if (userErrors.length > 0 && !args.allowPartialUpdates) return { product: null, productVariants: null, userErrors };
  changes.forEach(applyChange);
  return {
    product: { id: toGid("Product", product.id), title: product.title, handle: product.handle },
    productVariants: changes.map(({ variant }) => variantView(state, variant.id)),
    userErrors,
  };
}

export const productVariantMutationResolvers = {
  productVariantsBulkUpdate: (args: TBulkUpdateArgs, context: TShopifyResolverContext) => bulkUpdate(context, args),
};
