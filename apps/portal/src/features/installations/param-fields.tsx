import { SchemaFieldInput } from "@/features/schema-form/schema-field-input";
import { type TSchemaField } from "@/features/schema-form/schema-fields";
import { type UseFormRegisterReturn } from "react-hook-form";

/** Props of {@link ParamFields}. */
export interface ParamFieldsProps {
  fields: TSchemaField[];
  /** Prefix of the inputs' ids, unique on the page. */
  idPrefix: string;
  registrationOf: (key: string) => UseFormRegisterReturn;
  errorOf: (key: string) => string | undefined;
}

/** A template's parameters as form fields, from its JSON Schema; the same in the wizard, the settings and the upgrade forms. */
export function ParamFields({ fields, idPrefix, registrationOf, errorOf }: ParamFieldsProps) {
  if (fields.length === 0) return <p className="text-sm text-muted-foreground">This template has no parameters.</p>;
  return (
    <div className="grid items-start gap-4 sm:grid-cols-2">
      {fields.map((field) => (
        <SchemaFieldInput key={field.key} field={field} id={`${idPrefix}-${field.key}`} error={errorOf(field.key)} registration={registrationOf(field.key)} />
      ))}
    </div>
  );
}
