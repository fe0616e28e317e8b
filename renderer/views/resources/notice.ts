// What the view tells the user after a verb: kept as data and translated when shown, so a
// language switch re-translates it. `done` holds kubectl's own words ("deployment.apps/web
// scaled"), shown as raw output.
export type Notice = { deleted: string } | { done: string } | { error: string };
