// Owns Jellyfin's raw response shapes (its OpenAPI: SystemInfo, VirtualFolderInfo,
// AuthenticationResult), as zod schemas with only the fields Omniarr reads. Jellyfin writes JSON in
// PascalCase.
import { z } from 'zod';

export const jellyfinSystemInfoSchema = z.object({
  Id: z.string(),
  ServerName: z.string(),
  Version: z.string(),
  ProductName: z.string().nullish(),
});
export type JellyfinSystemInfo = z.infer<typeof jellyfinSystemInfoSchema>;

export const jellyfinVirtualFolderSchema = z.object({
  Name: z.string(),
  Locations: z.array(z.string()).nullish(),
  CollectionType: z.string().nullish(),
  ItemId: z.string().nullish(),
});
export const jellyfinVirtualFoldersSchema = z.array(jellyfinVirtualFolderSchema);
export type JellyfinVirtualFolder = z.infer<typeof jellyfinVirtualFolderSchema>;

export const jellyfinAuthenticationResultSchema = z.object({
  AccessToken: z.string().min(1),
  ServerId: z.string(),
  User: z.object({
    Id: z.string(),
    Name: z.string(),
    Policy: z.object({ IsAdministrator: z.boolean() }).nullish(),
  }),
});
export type JellyfinAuthenticationResult = z.infer<typeof jellyfinAuthenticationResultSchema>;

/** Body of POST /Library/Media/Updated (MediaUpdateInfoDto). */
export interface JellyfinMediaUpdateInfo {
  Updates: { Path: string; UpdateType: 'Created' | 'Modified' | 'Deleted' }[];
}
