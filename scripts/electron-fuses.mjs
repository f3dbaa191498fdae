// electron-builder afterPack hook (electron-builder.yml): flips Electron's fuses in the packaged binary before it
// is signed. With these, the shipped app cannot be turned into a plain Node runtime (RunAsNode, NODE_OPTIONS,
// --inspect), loads its code only from its own app.asar, checks that archive's integrity (macOS and Windows,
// where electron-builder embeds the hash), encrypts its cookies, and gives file:// no extra privileges (the
// renderer is served from app://).
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

export const fuses = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The Electron binary electron-builder just laid out (the same rule as its own addElectronFuses). */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName);
    default:
      throw new Error(`Paydesk is not packaged for ${electronPlatformName}`);
  }
}

export default async function afterPack(context) {
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // Flipping fuses invalidates the ad-hoc signature; macOS on arm64 refuses to run the binary until it is re-signed.
  await flipFuses(electronBinaryPath(context), { ...fuses, resetAdHocDarwinSignature: darwin });
}
