const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The Temporal Web UI guard's sign-in page: one form, no script, no outside resource. */
export function signInPage(message?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ringmaster: sign in to the Temporal UI</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem}input{width:100%;font:inherit;padding:.4rem;box-sizing:border-box}button{font:inherit;margin-top:.8rem;padding:.4rem 1rem}p.error{color:#b00}</style>
</head><body>
<h1>Temporal UI</h1>
<p>The Web UI can start, signal and end any workflow, so it is open to admins only. Paste an admin
token: the install's is in <code>$RINGMASTER_HOME/api-token</code>.</p>
${message ? `<p class="error">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/_ringmaster/sign-in">
<label for="token">Token</label>
<input id="token" name="token" type="password" autocomplete="off" autofocus required>
<button type="submit">Sign in</button>
</form>
</body></html>
`;
}
