import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import {
  badgeHex,
  priorities,
  priorityColor,
  priorityLabel,
  statusColor,
  statuses,
  statusLabel,
} from "../components/badges";
import { QueryState } from "../components/query-state";

function StatCard({ label, value, to }: { label: string; value: number; to: string }) {
  return (
    <UnstyledButton component={Link} to={to}>
      <Paper withBorder p="md">
        <Text fz="sm" c="gray.7">
          {label}
        </Text>
        <Text fz={28} fw={700}>
          {value.toLocaleString()}
        </Text>
      </Paper>
    </UnstyledButton>
  );
}

/** Home: the numbers an agent checks first, each linking to its queue, and charts by status and priority. */
export function DashboardPage() {
  const stats = useQuery({
    queryKey: ["tickets", "stats"],
    queryFn: () => unwrap(api.GET("/api/v1/tickets/stats")),
    refetchInterval: 30_000,
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        Dashboard
      </Title>
      <QueryState query={stats}>
        {(s) => (
          <Stack>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <StatCard label="My open tickets" value={s.my_open} to="/tickets?assigned_to=me&open=true" />
              <StatCard label="Unassigned" value={s.unassigned} to="/tickets?assigned_to=none&open=true" />
              <StatCard label="Overdue" value={s.overdue} to="/tickets?overdue=true" />
              <StatCard label="All tickets" value={s.total} to="/tickets" />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Paper withBorder p="md" component="figure" m={0} aria-label="Tickets by status">
                <Title order={2} size="h4" mb="sm">
                  By status
                </Title>
                <BarChart
                  h={240}
                  dataKey="label"
                  data={statuses.map((key) => ({
                    label: statusLabel[key],
                    tickets: s.by_status[key],
                    color: badgeHex[statusColor[key]],
                  }))}
                  series={[{ name: "tickets", color: "indigo.8" }]}
                  getBarColor={(_value) => "indigo.8"}
                  barProps={{ isAnimationActive: false }}
                />
                <Text component="figcaption" fz="xs" c="gray.7">
                  {statuses.map((key) => `${statusLabel[key]} ${s.by_status[key]}`).join(" · ")}
                </Text>
              </Paper>
              <Paper withBorder p="md" component="figure" m={0} aria-label="Tickets by priority">
                <Title order={2} size="h4" mb="sm">
                  By priority
                </Title>
                <BarChart
                  h={240}
                  dataKey="label"
                  data={priorities.map((key) => ({
                    label: priorityLabel[key],
                    tickets: s.by_priority[key],
                    color: badgeHex[priorityColor[key]],
                  }))}
                  series={[{ name: "tickets", color: "indigo.8" }]}
                  barProps={{ isAnimationActive: false }}
                />
                <Text component="figcaption" fz="xs" c="gray.7">
                  {priorities.map((key) => `${priorityLabel[key]} ${s.by_priority[key]}`).join(" · ")}
                </Text>
              </Paper>
            </SimpleGrid>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
