/** The one yellow line `kit grade` and `kit test` print when there was no jail. */
export const NO_SANDBOX_WARNING =
  'No sandbox: the code ran unconfined, with your privileges. Run `kit doctor` to see why.';
