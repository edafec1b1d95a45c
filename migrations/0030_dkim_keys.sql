-- DKIM: one signing key per sending domain (the domain of MAIL_FROM), generated on first need.
-- The private key is stored encrypted with a key derived from SECRET_KEY (AES-256-GCM); the
-- public key is what the DNS TXT record publishes under <selector>._domainkey.<domain>.
CREATE TABLE dkim_keys (
  domain text PRIMARY KEY,
  selector text NOT NULL,
  private_key_encrypted text NOT NULL,
  -- Base64 of the DER SubjectPublicKeyInfo: the p= of the TXT record.
  public_key text NOT NULL,
  created_at timestamptz NOT NULL
);
