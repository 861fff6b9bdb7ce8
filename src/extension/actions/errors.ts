// An error whose message tells the user what to do (no stack, no "failed"): the command
// table shows it as a warning. Its own tiny file so the table can name it without loading
// the action modules (they load on first use: activation stays fast).
export class UserFacingError extends Error {}
