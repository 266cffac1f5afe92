<?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1>证书查询</h1>
  <p class="muted">输入证书编号和持证人身份证号，查验职业技能等级证书的真伪。</p>
  <?cs call:form_error() ?>
  <form method="post" action="/verify">
    <?cs call:csrf() ?>
    <label>证书编号<input name="number" value="<?cs var:Form.number ?>" required maxlength="23" inputmode="numeric" placeholder="23位数字"></label>
    <label>身份证号<input name="idno" required maxlength="18" autocomplete="off"></label>
    <button type="submit" class="btn primary">查询</button>
  </form>
  <p><a href="/verify/share">持证人给了分享码？用分享码查询</a></p>
</section>
