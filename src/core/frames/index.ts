/** Frames and previews of clips, with the system's ffmpeg, cached on disk. */
export { sampleFrames, framesAsDataUrls, uniformTimes, frameArgs, defaultCacheDir, type FrameOptions, type SampledFrames } from './sample';
export { makePreview, needsPreview, webviewPlayable, previewArgs, type Preview, type PreviewOptions } from './preview';
export { run, probeDuration, probeVideo, ffprobeBinary, ffmpegBinary, FfmpegMissingError } from './run';
export { listFrames, isFolder, mayBeFrameFolder, sequencePattern, frameRange, DEFAULT_FOLDER_FPS, FRAME_EXTENSIONS } from './folder';
