/** Transfer ETAs and the window forecast: pure, deterministic for a seed. */
export {
	createRandom,
	mulberry32,
	RANDOM_STEP,
	triangular,
	triangularAt,
	triangularShape,
	type TriangularShape
} from './random';
export {
	downsample,
	estimateRate,
	isStalled,
	plannedDurationMs,
	plannedRatePerMs,
	transferEta,
	type ProgressSample,
	type RateEstimate,
	type RateOptions,
	type StallInput,
	type TransferPlan,
	type TransferEta,
	type TransferEtaInput
} from './transfer-rate';
export {
	TRANSFER_NODE_PREFIX,
	parseNodeKey,
	projectEnd,
	projectNodes,
	scheduleNodes,
	transferEnd,
	transferNodeKey,
	waitingTransferMs,
	type ForecastTask,
	type ForecastTransfer,
	type NodeKind,
	type NodeRef,
	type ThreePointEstimate
} from './graph';
export {
	MIN_RATE_SHARE,
	TASK_SPREAD,
	TRANSFER_SPREAD,
	simulateForecast,
	type ForecastDriverShare,
	type ForecastInput,
	type ForecastResult
} from './simulate';
