// Owns the shape of `ffprobe -print_format json -show_error -show_format -show_streams` output: only
// the fields we read, validated with zod because a broken file can make ffprobe print odd values.
import { z } from 'zod';

// ffprobe prints most numbers as strings ("7200.021000") but some as numbers; accept both.
const numeric = z.union([z.string(), z.number()]);

const streamSchema = z.object({
  index: z.number().int(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  pix_fmt: z.string().optional(),
  bits_per_raw_sample: numeric.optional(),
  color_transfer: z.string().optional(),
  color_primaries: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  channels: z.number().int().optional(),
  channel_layout: z.string().optional(),
  duration: numeric.optional(),
  disposition: z.record(z.string(), z.number()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.object({ side_data_type: z.string().optional() })).optional(),
});

export const ffprobeOutputSchema = z.object({
  streams: z.array(streamSchema).optional(),
  format: z
    .object({
      format_name: z.string(),
      duration: numeric.optional(),
      size: numeric.optional(),
      bit_rate: numeric.optional(),
    })
    .optional(),
  error: z.object({ code: z.number().int(), string: z.string() }).optional(),
});

export type FfprobeOutput = z.infer<typeof ffprobeOutputSchema>;
export type FfprobeStream = z.infer<typeof streamSchema>;
