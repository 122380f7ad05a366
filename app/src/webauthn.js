// The browser half of passkeys: turns the server's WebAuthn options (JSON, binary fields as
// base64url) into the ArrayBuffers navigator.credentials wants, and the resulting credential back
// into JSON for the server. Loaded by the WASM bundle; never touches storage.

const toBytes = (b64url) => {
  const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = b64 + "===".slice((b64.length + 3) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
};

const toB64url = (buffer) => {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

const withBuffers = (list) =>
  (list || []).map((c) => ({ ...c, id: toBytes(c.id) }));

let pending = null;

export function passkeysSupported() {
  return typeof window.PublicKeyCredential === "function" && !!navigator.credentials;
}

export async function conditionalMediationAvailable() {
  return (
    passkeysSupported() &&
    typeof PublicKeyCredential.isConditionalMediationAvailable === "function" &&
    (await PublicKeyCredential.isConditionalMediationAvailable())
  );
}

// Stops a waiting autofill request, so that a button press can start a modal one.
export function cancelPasskeyRequest() {
  if (pending) {
    pending.abort();
    pending = null;
  }
}

export async function createPasskey(optionsJson) {
  cancelPasskeyRequest();
  const { publicKey } = JSON.parse(optionsJson);
  publicKey.challenge = toBytes(publicKey.challenge);
  publicKey.user.id = toBytes(publicKey.user.id);
  publicKey.excludeCredentials = withBuffers(publicKey.excludeCredentials);
  const credential = await navigator.credentials.create({ publicKey });
  return JSON.stringify({
    id: credential.id,
    rawId: toB64url(credential.rawId),
    type: credential.type,
    response: {
      attestationObject: toB64url(credential.response.attestationObject),
      clientDataJSON: toB64url(credential.response.clientDataJSON),
      transports: credential.response.getTransports ? credential.response.getTransports() : [],
    },
    extensions: credential.getClientExtensionResults(),
  });
}

// `conditional`: offer the site's passkeys in the browser's autofill instead of a dialog.
export async function getPasskey(optionsJson, conditional) {
  cancelPasskeyRequest();
  const { publicKey } = JSON.parse(optionsJson);
  publicKey.challenge = toBytes(publicKey.challenge);
  publicKey.allowCredentials = withBuffers(publicKey.allowCredentials);
  const controller = new AbortController();
  pending = controller;
  const request = { publicKey, signal: controller.signal };
  if (conditional) request.mediation = "conditional";
  const credential = await navigator.credentials.get(request);
  if (pending === controller) pending = null;
  const r = credential.response;
  return JSON.stringify({
    id: credential.id,
    rawId: toB64url(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: toB64url(r.authenticatorData),
      clientDataJSON: toB64url(r.clientDataJSON),
      signature: toB64url(r.signature),
      userHandle: r.userHandle ? toB64url(r.userHandle) : null,
    },
    extensions: credential.getClientExtensionResults(),
  });
}
