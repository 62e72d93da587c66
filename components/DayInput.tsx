// A day picker for a period's ends (the dashboard, the pipeline board): a cleared field
// keeps the last day rather than leaving the period without an end.

export function DayInput(props: {
  label: string;
  testid: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label class="block">
      {props.label}
      <input
        type="date"
        data-testid={props.testid}
        class="ml-1 rounded-md border border-slate-300 px-2 py-1"
        value={props.value}
        onChange={(e) => e.currentTarget.value && props.onChange(e.currentTarget.value)}
      />
    </label>
  );
}
