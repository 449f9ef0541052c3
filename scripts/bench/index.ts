// npm run bench: every benchmark, one after the other. Figures go in the issue notes;
// tests never assert timings (the machines are noisy).
import { rssMb } from "./measure.ts";
import { benchOutbox } from "./outbox.ts";
import { benchScheduler } from "./scheduler.ts";

await benchOutbox();
await benchScheduler();
console.log(`\npeak process RSS at the end: ${rssMb()} MB`);
