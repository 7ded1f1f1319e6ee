/**
 * Video in and out through the ffmpeg and ffprobe programs (Debian's ffmpeg package): frames are
 * streamed as raw RGB through pipes, one at a time, so a video is never whole in memory. The
 * encoder maps the original's audio stream into the output unchanged.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { MaskfaceError } from '../../errors.js';

export interface VideoInfo {
  readonly width: number;
  readonly height: number;
  /** Frame rate as ffmpeg writes it (e.g. `2997/100`) and as a number. */
  readonly rate: string;
  readonly fps: number;
  /** Frame count from the container, or estimated from duration when absent. */
  readonly frames: number;
  /** Container duration in seconds. */
  readonly duration: number;
  readonly hasAudio: boolean;
  /** Start time of the video stream in seconds (kept in the output so audio stays in sync). */
  readonly start: number;
}

function toolMissing(tool: string): MaskfaceError {
  return new MaskfaceError('MF_TOOL_MISSING', `${tool} was not found on PATH. Install it (Debian/Ubuntu: apt-get install ffmpeg).`);
}

interface ProbeJson {
  streams?: Array<{ codec_type?: string; width?: number; height?: number; r_frame_rate?: string; avg_frame_rate?: string; nb_frames?: string; duration?: string; start_time?: string }>;
  format?: { duration?: string };
}

export function probeVideo(path: string): VideoInfo {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,width,height,r_frame_rate,avg_frame_rate,nb_frames,duration,start_time:format=duration', '-of', 'json', path], { encoding: 'utf8' });
  if (result.error !== undefined) throw toolMissing('ffprobe');
  if (result.status !== 0) {
    throw new MaskfaceError('MF_VIDEO_FAILED', `${path}: ffprobe could not read it (${result.stderr.trim().split('\n').pop() ?? 'unknown error'}). Give an MP4, MKV, MOV, WebM or AVI video.`, { file: path });
  }
  const json = JSON.parse(result.stdout) as ProbeJson;
  const video = json.streams?.find((s) => s.codec_type === 'video');
  if (video?.width === undefined || video.height === undefined) {
    throw new MaskfaceError('MF_VIDEO_FAILED', `${path}: no video stream. Give a file with a video track.`, { file: path });
  }
  const rate = video.r_frame_rate !== undefined && video.r_frame_rate !== '0/0' ? video.r_frame_rate : (video.avg_frame_rate ?? '25/1');
  const [num, den] = rate.split('/').map(Number);
  const fps = (num ?? 25) / (den || 1);
  const duration = Number(json.format?.duration ?? video.duration ?? 0);
  const frames = video.nb_frames !== undefined ? Number(video.nb_frames) : Math.round(Number(video.duration ?? duration) * fps);
  return { width: video.width, height: video.height, rate, fps, frames, duration, start: Number(video.start_time ?? 0) || 0, hasAudio: json.streams?.some((s) => s.codec_type === 'audio') ?? false };
}

function failure(proc: ChildProcess, what: string, file: string, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    proc.once('error', () => reject(toolMissing('ffmpeg')));
    proc.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new MaskfaceError('MF_VIDEO_FAILED', `${file}: ffmpeg ${what} failed (exit ${code}): ${stderr().trim().split('\n').slice(-3).join(' | ')}`, { file }));
    });
  });
}

/** Decodes a video to RGB frames of `width x height`, yielded one by one (each a fresh buffer). */
export async function* readFrames(path: string, info: VideoInfo): AsyncGenerator<Uint8Array> {
  const frameBytes = info.width * info.height * 3;
  // passthrough: one output frame per decoded frame, none duplicated or dropped.
  const proc = spawn('ffmpeg', ['-v', 'error', '-nostdin', '-i', path, '-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = failure(proc, 'decoding', path, () => stderr);
  done.catch(() => undefined);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < frameBytes) continue;
      let joined = Buffer.concat(pending, pendingBytes);
      let offset = 0;
      while (joined.length - offset >= frameBytes) {
        yield new Uint8Array(joined.subarray(offset, offset + frameBytes));
        offset += frameBytes;
      }
      joined = joined.subarray(offset);
      pending = joined.length > 0 ? [Buffer.from(joined)] : [];
      pendingBytes = joined.length;
    }
    await done;
  } finally {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}

export interface FrameWriter {
  write(frame: Uint8Array): Promise<void>;
  /** Finishes the file (moved into place atomically); `abort` removes it instead. */
  close(): Promise<void>;
  abort(): Promise<void>;
}

export interface WriterOptions {
  readonly info: VideoInfo;
  /** Copy this file's audio stream into the output, when it has one. */
  readonly audioFrom?: string;
  /** x264 preset; default `veryfast` (encoding runs beside recognition on the same CPU). */
  readonly preset?: string;
}

/** Encodes RGB frames to H.264 (yuv420p, plays everywhere) at the source frame rate, audio copied. */
export function writeFrames(outPath: string, options: WriterOptions): FrameWriter {
  const { info } = options;
  const tmp = `${outPath}.${process.pid}.tmp${extname(outPath)}`;
  const audio = options.audioFrom !== undefined && info.hasAudio;
  // Raw frames carry no timestamps: shift them to the source video's start time and keep the
  // copied audio's own (-copyts), so picture and sound stay in sync as in the source (to within a
  // frame: the shift is rounded to the frame rate's time base).
  const args = ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${info.width}x${info.height}`, '-r', info.rate, '-i', 'pipe:0',
    ...(audio ? ['-i', options.audioFrom!, '-map', '0:v:0', '-map', '1:a:0', '-c:a', 'copy'] : ['-map', '0:v:0']),
    '-vf', `setpts=PTS+${info.start}/TB`, '-copyts',
    '-c:v', 'libx264', '-preset', options.preset ?? 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', tmp];
  const proc = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = failure(proc, 'encoding', outPath, () => stderr);
  done.catch(() => undefined);
  const stdin = proc.stdin;
  return {
    async write(frame) {
      if (!stdin.write(frame)) {
        await new Promise<void>((resolve, reject) => {
          stdin.once('drain', resolve);
          done.catch(reject);
        });
      }
    },
    async close() {
      stdin.end();
      await done;
      await rename(tmp, outPath);
    },
    async abort() {
      stdin.destroy();
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await done.catch(() => undefined);
      await rm(tmp, { force: true });
    },
  };
}
