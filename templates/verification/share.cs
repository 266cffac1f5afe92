<?cs include:"macros.cs" ?>
<section class="card narrow">
  <h1>分享码查询</h1>
  <p class="muted">持证人在“学生个人空间”生成的分享码可代替身份证号查验证书（有效期7至90天，持证人可随时撤销）。</p>
  <?cs call:form_error() ?>
  <form method="post" action="/verify/share">
    <?cs call:csrf() ?>
    <label>分享码<input name="code" required maxlength="20" autocomplete="off" placeholder="如 7K3M-Q9XD-2HFA"></label>
    <button type="submit" class="btn primary">查询</button>
  </form>
  <p><a href="/verify">用证书编号和身份证号查询</a></p>
</section>
