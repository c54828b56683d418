export { cn } from "./cn";
export { focusRing } from "./focus-ring";
export * from "./brand-colors";

export { Alert, AlertDescription, AlertTitle, alertVariants, type AlertProps } from "./alert";
export { Badge, badgeVariants, type BadgeProps } from "./badge";
export { Button, type ButtonProps } from "./button";
export { buttonVariants } from "./button-variants";
export { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle, type CardTitleProps } from "./card";
export { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, type DialogContentProps } from "./dialog";
export {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
  type DropdownMenuItemProps,
} from "./dropdown-menu";
export { EmptyState, type EmptyStateProps } from "./empty-state";
export { FormField, type FormFieldProps } from "./form-field";
export { Input, controlClasses, type InputProps } from "./input";
export { Label, type LabelProps } from "./label";
export { Select, type SelectProps } from "./select";
export { Skeleton } from "./skeleton";
export { Spinner, type SpinnerProps } from "./spinner";
export { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "./table";
export { Textarea, type TextareaProps } from "./textarea";
