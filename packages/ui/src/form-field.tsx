import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

export interface FormFieldProps {
  /** Id given to the control; the label, description and error ids derive from it. */
  id: string;
  label: ReactNode;
  /** Validation message; when set the control gets `aria-invalid` and points at it. */
  error?: string | undefined;
  /** Help text read by screen readers after the label. */
  description?: ReactNode;
  /** Shows a required marker and sets `aria-required` on the control. */
  required?: boolean;
  /** Control first, label beside it: for checkboxes. @defaultValue false */
  inline?: boolean;
  /**
   * Announce the error as it appears (`role="alert"`): for messages that arrive from the
   * server after a round trip, which a screen reader would otherwise hear only on focus.
   * @defaultValue false
   */
  announceError?: boolean;
  className?: string;
  /** Exactly one control element (Input, Textarea, Select, a native control…). */
  children: ReactElement;
}

interface ControlA11yProps {
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
  "aria-required"?: boolean | "true" | "false";
}

/**
 * Label + control + description + error, wired for assistive technology: the control gets the
 * id, `aria-describedby` (description, then error, plus any ids it already had) and
 * `aria-invalid`. Hook-free, so it renders in server components too.
 */
export function FormField({ id, label, error, description, required = false, inline = false, announceError = false, className, children }: FormFieldProps) {
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control = Children.only(children);
  if (!isValidElement<ControlA11yProps>(control)) throw new TypeError("FormField expects one control element");

  const describedBy = [control.props["aria-describedby"], descriptionId, errorId].filter(Boolean).join(" ");
  const wired = cloneElement(control, {
    id,
    "aria-describedby": describedBy || undefined,
    "aria-invalid": error ? true : control.props["aria-invalid"],
    "aria-required": required ? true : control.props["aria-required"],
  });

  const labelled = (
    <Label htmlFor={id}>
      {label}
      {required ? (
        <span aria-hidden="true" className="ml-0.5 text-danger">
          *
        </span>
      ) : null}
    </Label>
  );

  return (
    <div data-slot="form-field" className={cn("grid gap-2", className)}>
      {inline ? (
        <div className="flex items-center gap-2">
          {wired}
          {labelled}
        </div>
      ) : (
        <>
          {labelled}
          {wired}
        </>
      )}
      {description ? (
        <p id={descriptionId} className="text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role={announceError ? "alert" : undefined} className="text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
