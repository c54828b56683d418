import { focusRing, FormField, Input, Select, Textarea, cn } from "@storeflow/ui";
import { type UseFormRegisterReturn } from "react-hook-form";

import { type TSchemaField } from "./schema-fields";

export const SECRET_NOTE = "Stored encrypted; you will not see it again.";

/** Props of {@link SchemaFieldInput}. */
export interface SchemaFieldInputProps {
  field: TSchemaField;
  id: string;
  error: string | undefined;
  registration: UseFormRegisterReturn;
}

/** One connector setting, secret or template parameter as a labelled control, chosen by what its schema says it is. */
export function SchemaFieldInput({ field, id, error, registration }: SchemaFieldInputProps) {
  const common = { id, label: field.label, error, required: field.required };
  switch (field.kind) {
    case "secret":
      return (
        <FormField announceError {...common} description={field.description ? `${field.description} ${SECRET_NOTE}` : SECRET_NOTE}>
          {/* Never prefilled, never remembered: the value goes to the server once and is gone. */}
          <Input type="password" autoComplete="off" spellCheck={false} {...registration} />
        </FormField>
      );
    case "select":
      return (
        <FormField announceError {...common} description={field.description}>
          <Select {...registration}>
            {field.defaultValue === "" ? <option value="">{field.required ? "Choose…" : "Not set"}</option> : null}
            {field.options.map((option) => (
              <option key={option} value={option}>{option}</option>
            ))}
          </Select>
        </FormField>
      );
    case "checkbox":
      return (
        <FormField announceError {...common} description={field.description} inline>
          <input type="checkbox" className={cn("size-4 accent-brand", focusRing)} {...registration} />
        </FormField>
      );
    case "number":
      return (
        <FormField announceError {...common} description={field.description}>
          <Input type="number" inputMode={field.integer ? "numeric" : "decimal"} step={field.integer ? 1 : "any"} min={field.min} max={field.max} {...registration} />
        </FormField>
      );
    case "json":
      return (
        <FormField announceError {...common} description={field.description ? `${field.description} Written as JSON.` : "Written as JSON."} className="sm:col-span-2">
          <Textarea rows={field.example ? Math.min(12, field.example.split("\n").length + 1) : 4} spellCheck={false} placeholder={field.example} className="font-mono text-xs" {...registration} />
        </FormField>
      );
    case "text":
      return field.multiline ? (
        <FormField announceError {...common} description={field.description} className="sm:col-span-2">
          <Textarea rows={5} maxLength={field.maxLength} {...registration} />
        </FormField>
      ) : (
        <FormField announceError {...common} description={field.description}>
          <Input type={field.inputType} autoComplete="off" spellCheck={false} pattern={field.pattern} maxLength={field.maxLength} {...registration} />
        </FormField>
      );
  }
}
