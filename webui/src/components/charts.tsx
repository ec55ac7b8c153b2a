import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface Series {
  key: string;
  name: string;
  color: string;
}

/** Bars per period (or tenant), one per series; the data stays in the DOM table beside it for tests and screen readers. */
export function Bars({ data, x, series, label }: { data: object[]; x: string; series: Series[]; label: string }) {
  return (
    <div role="img" aria-label={label} style={{ width: "100%", height: 260 }}>
      <ResponsiveContainer>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={x} fontSize={11} />
          <YAxis fontSize={11} />
          <Tooltip />
          <Legend />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function Lines({ data, x, series, label }: { data: object[]; x: string; series: Series[]; label: string }) {
  return (
    <div role="img" aria-label={label} style={{ width: "100%", height: 200 }}>
      <ResponsiveContainer>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={x} fontSize={11} />
          <YAxis fontSize={11} />
          <Tooltip />
          <Legend />
          {series.map((s) => (
            <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
