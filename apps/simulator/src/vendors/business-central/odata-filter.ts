import { BcError } from "./errors";

type TRecord = Record<string, unknown>;
type TPredicate = (record: TRecord) => boolean;
type TLiteral = string | number | boolean | null;

const COMPARISONS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === " ") {
      i += 1;
    } else if ("(),".includes(char)) {
      tokens.push(char);
      i += 1;
    } else if (char === "'") {
      // OData doubles a quote inside a string literal.
      let j = i + 1;
      let value = "";
      for (;;) {
        if (j >= text.length) throw new BcError(400, "BadRequest", `Unterminated string literal at position ${i} in '${text}'.`);
        if (text[j] === "'" && text[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (text[j] === "'") break;
        else value += text[j++];
      }
      tokens.push(`'${value}`);
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !" (),'".includes(text[j]!)) j += 1;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

function literal(token: string | undefined): TLiteral {
  if (token === undefined) throw new BcError(400, "BadRequest", "Expression expected at the end of the filter.");
  if (token.startsWith("'")) return token.slice(1);
  if (token === "true" || token === "false") return token === "true";
  if (token === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  // Dates, date-times and GUIDs are unquoted literals in OData v4.
  return token;
}

function compare(left: unknown, right: TLiteral): number {
  if (typeof left === "number" && typeof right === "number") return left - right;
  const a = String(left ?? "");
  const b = String(right ?? "");
  if (ISO_DATE.test(a) && ISO_DATE.test(b)) return Date.parse(a) - Date.parse(b);
  // GUIDs compare without regard to case.
  const [x, y] = GUID.test(a) && GUID.test(b) ? [a.toLowerCase(), b.toLowerCase()] : [a, b];
  return x < y ? -1 : x > y ? 1 : 0;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: string[],
    private readonly fields: ReadonlySet<string>,
    private readonly typeName: string,
  ) {}

  parse(): TPredicate {
    const predicate = this.or();
    if (this.position < this.tokens.length) throw new BcError(400, "BadRequest", `Syntax error at '${this.tokens[this.position]}' in the filter.`);
    return predicate;
  }

  private next(): string | undefined {
    return this.tokens[this.position++];
  }

  private expect(token: string): void {
    if (this.next() !== token) throw new BcError(400, "BadRequest", `'${token}' expected in the filter.`);
  }

  private field(token: string | undefined): string {
    if (!token || !this.fields.has(token)) throw new BcError(400, "BadRequest", `Could not find a property named '${token ?? ""}' on type '${this.typeName}'.`);
    return token;
  }

  private or(): TPredicate {
    let left = this.and();
    while (this.tokens[this.position] === "or") {
      this.position += 1;
      const right = this.and();
      const previous = left;
      left = (record) => previous(record) || right(record);
    }
    return left;
  }

  private and(): TPredicate {
    let left = this.term();
    while (this.tokens[this.position] === "and") {
      this.position += 1;
      const right = this.term();
      const previous = left;
      left = (record) => previous(record) && right(record);
    }
    return left;
  }

  private term(): TPredicate {
    const token = this.next();
    if (token === "(") {
      const inner = this.or();
      this.expect(")");
      return inner;
    }
    if (token === "startswith" || token === "contains") {
      this.expect("(");
      const field = this.field(this.next());
      this.expect(",");
      const value = String(literal(this.next()));
      this.expect(")");
      return token === "startswith" ? (record) => String(record[field] ?? "").startsWith(value) : (record) => String(record[field] ?? "").includes(value);
    }
    const field = this.field(token);
    const operator = this.next();
    if (!operator || !COMPARISONS.has(operator)) throw new BcError(400, "BadRequest", `Comparison operator expected after '${field}' in the filter.`);
    const value = literal(this.next());
    return (record) => {
      const order = compare(record[field], value);
      switch (operator) {
        case "eq":
          return order === 0;
        case "ne":
          return order !== 0;
        case "gt":
          return order > 0;
        case "ge":
          return order >= 0;
        case "lt":
          return order < 0;
        default:
          return order <= 0;
      }
    };
  }
}

/** The subset of OData `$filter` Business Central clients send: comparisons, and/or, parentheses, startswith/contains. */
export function parseFilter(text: string, fields: ReadonlySet<string>, typeName: string): TPredicate {
  return new Parser(tokenize(text), fields, typeName).parse();
}
