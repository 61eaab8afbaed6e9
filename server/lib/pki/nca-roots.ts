/**
 * Kazakhstan's National Certification Authority (pki.gov.kz) certificates shipped with the code, so
 * a bundler carries them and no start-up download is needed. Everything else a deployment trusts
 * comes from PKI_TRUSTED_CERTS (trust.ts).
 *
 * Only what could be found as text in public sources is here; nothing is typed in from memory.
 * NOT found, so NOT shipped: the roots root_rsa (НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA), 2018),
 * root_rsa_2020, root_gost, root_gost_2022 and the intermediates nca_rsa_2022 (ҰЛТТЫҚ КУӘЛАНДЫРУШЫ
 * ОРТАЛЫҚ (RSA) 2022, which issues today's RSA keys), nca_gost, nca_gost_2022. Without a root nothing
 * chains to NCA: production must list the roots (and the 2022 intermediates) from
 * https://pki.gov.kz/cert/ in the PKI_TRUSTED_CERTS bundle.
 */
export interface TShippedCertificate {
  /** The name NCA's download lists give it. */
  name: string
  role: 'root' | 'intermediate'
  pem: string
}

export const NCA_CERTIFICATES: readonly TShippedCertificate[] = [
  {
    // NCA's RSA intermediate of 2018 (by its subject, the one NCANode's default list downloads as
    // pki.gov.kz/cert/nca_rsa.crt; not compared byte for byte): subject C=KZ, CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA);
    // issuer CN=НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA), O=РМК «МЕМЛЕКЕТТІК ТЕХНИКАЛЫҚ ҚЫЗМЕТ», C=KZ;
    // valid 2018-08-08 04:26:36Z – 2025-06-25 04:26:36Z (expired: it only helps check signatures made
    // before then, and only once its root is in PKI_TRUSTED_CERTS); RSA 4096, SHA256withRSA; serial
    // 3576f5b31b5a6821a16fefab1212c94d938dc7ee; SHA-256 34d1b311a9873191ae3382805df51e0a5da23315c512a8deeb885668ceeb5834.
    // Taken from znkaz/eds, src/Domain/Libs/Signature.php (getRootNCa), commit 7713eae0.
    name: 'nca_rsa',
    role: 'intermediate',
    pem: `-----BEGIN CERTIFICATE-----
MIIHfzCCBWegAwIBAgIUNXb1sxtaaCGhb++rEhLJTZONx+4wDQYJKoZIhvcNAQEL
BQAwgaIxRTBDBgNVBAMMPNCd0JXQk9CG0JfQk9CGINCa0KPTmNCb0JDQndCU0KvQ
oNCj0KjQqyDQntCg0KLQkNCb0KvSmiAoUlNBKTFMMEoGA1UECgxD0KDQnNCaIMKr
0JzQldCc0JvQldCa0JXQotCi0IbQmiDQotCV0KXQndCY0JrQkNCb0KvSmiDSmtCr
0JfQnNCV0KLCuzELMAkGA1UEBhMCS1owHhcNMTgwODA4MDQyNjM2WhcNMjUwNjI1
MDQyNjM2WjBSMQswCQYDVQQGEwJLWjFDMEEGA1UEAww60rDQm9Ci0KLQq9KaINCa
0KPTmNCb0JDQndCU0KvQoNCj0KjQqyDQntCg0KLQkNCb0KvSmiAoUlNBKTCCAiIw
DQYJKoZIhvcNAQEBBQADggIPADCCAgoCggIBAK5bzHPV9MZLVWM/05m2xSs5DZ1+
WQ6kTe+PMY2hOb/527+ep9IdvlAxtzQlvbr6Q6I8Jg9FYOWFQddQEqMoeipsaT8v
b7F569VIp4M3BLs91+L1xJVhRholgonWrjd9n3N06pEvgiXOD2BxlWpPInxVNvTL
RIuDjsO65KOeyZeBzLnPhUaELG9TcPnvZt9doucaC88caS9RFRNRDm03yfuB+LJE
+5nuX+sycMVLkAKI0AHu4Icdl6DikqP2l/MB3BScnQ7CzzTCKn5puq6R06VuOV9E
LhCab8JSF2vzr4eQuHAHLXz61/LN22vFINGMGb8LsS4SkCAz/30sYnTCsDlcAMiQ
i2Fd9HbcBMHElXwQsoN/5OWlqH4CtmR55umePvbCwCRmZF12m66JK/J69CDj55Yq
EDLhqmIn+BhVMv1ZVpWpy3Dkr4trH3agyXkOF0jj9bWs4Yn5gSEyjcLWRb9XveYt
DiB9JpBn7WRGsdwSdzothpN8VcT9LOSJh4JKy87WIk9kLgwuTKsmezV9EOJPXRGB
AamxAGLxNTPFe0Ar6jPqQX0tDJjGrIBq0LG9tpGCejEuKkFSuiLziU/yCqjlDU+R
8xUWMKsoM6R0ELx5ZLfDxlXMCvZtRelsGynnL9ktjbkflkDyNmlNkH94S+jqItAu
MB+J6BW5H9+Pql1VAgMBAAGjggH6MIIB9jANBgNVHQ4EBgQEW2p0ETCB4gYDVR0j
BIHaMIHXgBTUpRhp74s/Ff3qrb1H4JSBawZqO6GBqKSBpTCBojFFMEMGA1UEAww8
0J3QldCT0IbQl9CT0IYg0JrQo9OY0JvQkNCd0JTQq9Cg0KPQqNCrINCe0KDQotCQ
0JvQq9KaIChSU0EpMUwwSgYDVQQKDEPQoNCc0JogwqvQnNCV0JzQm9CV0JrQldCi
0KLQhtCaINCi0JXQpdCd0JjQmtCQ0JvQq9KaINKa0KvQl9Cc0JXQosK7MQswCQYD
VQQGEwJLWoIUVKUYae+LPxX96q29R+CUgWsGajswDwYDVR0TAQH/BAUwAwEB/zAO
BgNVHQ8BAf8EBAMCAQYwQAYIKwYBBQUHAQEENDAyMDAGCCsGAQUFBzAChiRodHRw
Oi8vcm9vdC5nb3Yua3ovY2VydC9yb290X3JzYS5jZXIwOQYDVR0gBDIwMDAuBgcq
gw4DAwEBMCMwIQYIKwYBBQUHAgEWFWh0dHA6Ly9wa2kuZ292Lmt6L2NwczBiBgNV
HR8EWzBZMFegVaBThlFodHRwOi8vY3JsLnJvb3QuZ292Lmt6L3JzYS5jcmwKICAg
ICAgICAgICAgICAgVVJMPWh0dHA6Ly9jcmwxLnJvb3QuZ292Lmt6L3JzYS5jcmww
DQYJKoZIhvcNAQELBQADggIBAA3cfGtNWdxzjG1a70HEGVUvMsyCUQmGhDGy2KFs
g7DKaDAevI3IRyeaLxhOEHdif4ocsxnuPr0a7QPcysvfFa6yTvlj2aIm3qXY/La+
LlOljNCoj3EEzjFSySUhAv1NAvnlmuY+jqW0Z0LkLiV2QP+XlCeVjAmSWnur5SLl
bDUe35yYB3XGJ8Ul74Cx7fWJDdT2Trgh5hTSNPVP4rIlLNNOHUcXuWtABVV8Fstr
9w3C+iulKvabQaJWhMupsGD17lRUWmTMkRQC99L6yIlO5PHRxrDc2NGNn/nMJXzr
VtOPRiJE2JhOg1d85DQCrNAIUtWg2av3qbFdkeXPCXt9xBeBPkpHA7gCtYf8a/HM
8dwYvrXaJbZYKgh10/3V1+vC94qHpTk7C03z2MVTtiLZtzxqn3N1eZMr89Bq4HPT
PMjQCg7p3J9asM4qMvWYD4ljU6ppvTPyo8lU096qA5j7HxR5BsIhKlAVhMgklhIw
wC2w4iLyNj7jsePDt3KAe3X1tLNgpYXzry61CgzMVSSdciVzmW+/HJHy5Z5ZSa8A
pD0u2uNyusyvG2uc4ut03AAEgkaUfgj3BJwoRz4eLPHQj7vaHsaOP9GXV2zA3rGM
MpZ3ZXrtlhnBWsYklosfSaWrOdAB9Kp4o3w5RpVRWUj3ARDa3W9zO4jYFiG82r7S
hu50
-----END CERTIFICATE-----`,
  },
]
