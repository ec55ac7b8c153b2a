import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface Series {
  key: string;
  name: string;
  color: string;
}

interface ChartProps {
  data: object[];
  x: string;
  series: Series[];
  label: string;
}

/** The frame both charts share; the data stays in the DOM table beside it for tests and screen readers. */
function Chart({ data, x, series, label, kind, height }: ChartProps & { kind: "bar" | "line"; height: number }) {
  const Plot = kind === "bar" ? BarChart : LineChart;
  return (
    <div role="img" aria-label={label} style={{ width: "100%", height }}>
      <ResponsiveContainer>
        <Plot data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={x} fontSize={11} />
          <YAxis fontSize={11} />
          <Tooltip />
          <Legend />
          {series.map((s) =>
            kind === "bar" ? (
              <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
            ) : (
              <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} dot={false} isAnimationActive={false} />
            ),
          )}
        </Plot>
      </ResponsiveContainer>
    </div>
  );
}

/** Bars per period (or tenant), one per series. */
export function Bars(props: ChartProps) {
  return <Chart {...props} kind="bar" height={260} />;
}

/** Lines over time, one per series. */
export function Lines(props: ChartProps) {
  return <Chart {...props} kind="line" height={200} />;
}
