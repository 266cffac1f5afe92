<?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1>证书查询</h1>
  <p class="muted">输入证书编号和持证人身份证号，查验职业技能等级证书的真伪。</p>
  <?cs call:form_error() ?>
  <form method="post" action="/verify">
    <?cs call:csrf() ?>
    <label>证书编号<input name="number" value="<?cs var:Form.number ?>" required maxlength="23" inputmode="numeric" placeholder="23位数字"></label>
    <label>身份证号<input name="idno" required maxlength="18" autocomplete="off"></label>
    <?cs if:Form.Captcha ?>
    <div class="captcha">
      <img id="captcha-img" src="/verify/captcha.png" width="180" height="64" alt="验证码图片：5位数字">
      <a id="captcha-new" href="/verify">换一张</a>
    </div>
    <label>验证码<input name="captcha" required maxlength="10" inputmode="numeric" autocomplete="off" placeholder="图片中的5位数字"></label>
    <?cs /if ?>
    <button type="submit" class="btn primary">查询</button>
  </form>
  <p><a href="/verify/share">持证人给了分享码？用分享码查询</a></p>
  <p class="muted">证书上的二维码也可直接用手机扫描查验；平台的验签公钥见 <a href="/verify/keys">/verify/keys</a>。</p>
</section>
<?cs if:Form.Captcha ?><script src="/static/verify.js"></script><?cs /if ?>
