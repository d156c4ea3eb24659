// The dashboard's charts add bar and line series to the shared ECharts runtime; this module is imported
// with a dynamic import() where the first chart appears, so the workbench's first screen never carries it.
import { BarChart, LineChart } from "echarts/charts";
import { use } from "echarts/core";
import { init } from "../../charts/echarts-runtime.js";

use([BarChart, LineChart]);

export { init };
