import { GraphQLError } from "graphql";

const MAX_PAGE_SIZE = 250;

export interface TConnectionArgs {
  first?: number | null;
  after?: string | null;
}

function encodeCursor(index: number): string {
  return Buffer.from(`cursor:${index}`).toString("base64url");
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
  return Number(match[1]);
}

/** A Relay connection over `items`, paged the way Shopify pages: `first` is required, at most 250. */
export function toConnection<T>(items: readonly T[], args: TConnectionArgs) {
  if (args.first == null) throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  if (args.first > MAX_PAGE_SIZE) throw new GraphQLError(`The first argument cannot exceed ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_REQUEST" } });
  const start = args.after ? decodeCursor(args.after) + 1 : 0;
  const page = items.slice(start, start + args.first);
  const edges = page.map((node, i) => ({ cursor: encodeCursor(start + i), node }));
  return {
    nodes: page,
    edges,
    pageInfo: {
      hasNextPage: start + page.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
