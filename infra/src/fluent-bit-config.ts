// The Fluent Bit renderer lives in @fleetlog/pipeline-config, shared with `fleetlog agent-config`.
export { renderFluentBitConfig, renderShipperConfig } from '@fleetlog/pipeline-config';
export type { Shipper, ShipperConfigOptions } from '@fleetlog/pipeline-config';
