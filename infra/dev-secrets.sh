# Development secrets: generated once into DATA/secrets.env (git-ignored), exported unless already set.
# Outside Development the hosts refuse to start without these keys configured by the operator.
ic_dev_secrets() {
  local data="$1" file="$1/secrets.env"
  if [ ! -f "$file" ]; then
    ic_log "generating development keys into $file"
    mkdir -p "$data/wechat"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$data/wechat/merchant_private.pem" 2>/dev/null
    openssl pkey -in "$data/wechat/merchant_private.pem" -pubout -out "$data/wechat/merchant_public.pem"
    (umask 077; cat > "$file" <<SECRETS
Auth__SigningKey=$(openssl rand -base64 48)
PersonalData__EncryptionKey=$(openssl rand -base64 32)
PersonalData__HashKey=$(openssl rand -base64 32)
Wechat__MiniProgram__AppId=wx$(openssl rand -hex 8)
Wechat__MiniProgram__Secret=$(openssl rand -hex 16)
WechatPay__MchId=1900$(openssl rand -hex 3 | tr 'abcdef' '123456')
WechatPay__MerchantSerialNumber=$(openssl rand -hex 20 | tr 'a-f' 'A-F')
WechatPay__MerchantPrivateKey=$data/wechat/merchant_private.pem
WechatPay__ApiV3Key=$(openssl rand -hex 16)
Emulator__MerchantPublicKey=$data/wechat/merchant_public.pem
SECRETS
    )
  fi
  local line key
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    key="${line%%=*}"
    [ -z "${!key:-}" ] && export "$line"
  done < "$file"
  return 0
}
