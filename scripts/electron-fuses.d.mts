// Types of the afterPack hook (electron-fuses.mjs) for the packaging test.
import type { FuseV1Config } from '@electron/fuses';

export declare const fuses: FuseV1Config;

export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export declare function electronBinaryPath(context: AfterPackContext): string;
export default function afterPack(context: AfterPackContext): Promise<void>;
