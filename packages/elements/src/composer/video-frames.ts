/**
 * Frames of the author's own video file, taken in the page for its poster
 * (composer-video.ts): the file is read through an object URL by a
 * `<video>` that is never on the page, sought to a moment and drawn on a
 * canvas. The server makes no posters (it would need ffmpeg); the browser
 * that could play the video can show a frame of it.
 */

/** How long the browser may take to read the video's start or to seek, in ms, before it is taken for undecodable. */
export const VIDEO_READ_TIMEOUT_MS = 20_000;
/** JPEG quality of a poster frame: small enough to upload at once, with no visible blocks at feed size. */
export const POSTER_JPEG_QUALITY = 0.85;
/** Widest poster frame, in pixels: a larger video's frame is scaled down (posters show at feed width). */
export const POSTER_MAX_WIDTH_PX = 1280;

/** The browser cannot decode this video (a codec it lacks, or not a video): no frame can be taken. */
export class UndecodableVideoError extends Error {
  readonly code = 'video_undecodable';
  constructor() {
    super('This browser cannot decode the video');
  }
}

/** Waits for `event` on the video; rejects on its error or after VIDEO_READ_TIMEOUT_MS. */
function next(video: HTMLVideoElement, event: 'loadeddata' | 'seeked'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (ok: boolean) => () => {
      clearTimeout(timer);
      video.removeEventListener(event, onEvent);
      video.removeEventListener('error', onError);
      if (ok) resolve();
      else reject(new UndecodableVideoError());
    };
    const onEvent = done(true);
    const onError = done(false);
    const timer = setTimeout(onError, VIDEO_READ_TIMEOUT_MS);
    video.addEventListener(event, onEvent);
    video.addEventListener('error', onError);
  });
}

/** A video file opened for taking frames; `close()` frees it. */
export class VideoFrames {
  /** Frames are taken one at a time, in the order asked (one video seeks to one moment at a time). */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly video: HTMLVideoElement,
    private readonly url: string,
    /** Length of the video, in seconds (0 when the browser cannot tell). */
    readonly duration: number,
  ) {}

  /** Opens a video file; rejects with UndecodableVideoError when the browser cannot show its pictures. */
  static async open(file: Blob): Promise<VideoFrames> {
    const url = URL.createObjectURL(file);
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.preload = 'auto';
    const loaded = next(video, 'loadeddata');
    video.src = url;
    try {
      await loaded;
      if (!video.videoWidth || !video.videoHeight) throw new UndecodableVideoError();
      let duration = video.duration;
      // Recorded in a browser, a WebM may not say its length: seeking past its end makes the browser find it.
      if (!Number.isFinite(duration)) {
        const sought = next(video, 'seeked');
        video.currentTime = Number.MAX_SAFE_INTEGER;
        await sought;
        duration = video.duration;
      }
      return new VideoFrames(video, url, Number.isFinite(duration) && duration > 0 ? duration : 0);
    } catch (error) {
      free(video, url);
      throw error instanceof UndecodableVideoError ? error : new UndecodableVideoError();
    }
  }

  /** A JPEG of the frame shown at `seconds` (within the video), at most POSTER_MAX_WIDTH_PX wide. */
  frameAt(seconds: number): Promise<Blob> {
    const frame = this.queue.then(() => this.capture(seconds));
    this.queue = frame.catch(() => undefined);
    return frame;
  }

  private async capture(seconds: number): Promise<Blob> {
    const video = this.video;
    const sought = next(video, 'seeked');
    video.currentTime = Math.min(Math.max(0, seconds), this.duration);
    await sought;
    const scale = Math.min(1, POSTER_MAX_WIDTH_PX / video.videoWidth);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new UndecodableVideoError())), 'image/jpeg', POSTER_JPEG_QUALITY),
    );
  }

  /** Lets go of the video: the browser stops reading it, its object URL is revoked. */
  close(): void {
    free(this.video, this.url);
  }
}

function free(video: HTMLVideoElement, url: string): void {
  video.removeAttribute('src');
  video.load();
  URL.revokeObjectURL(url);
}
