<?cs include:"macros.cs" ?>
<section class="card">
  <h1>用人单位 API 密钥</h1>
  <p class="muted">用人单位凭密钥调用证书查验接口（单张与批量，见 README）。密钥只在发放时显示一次，平台只保存其 SHA-256；撤销后立即失效。每次调用都有记录（不含身份证号）。</p>
  <div class="tablewrap"><table>
    <thead><tr><th>用人单位</th><th>联系人</th><th>密钥前缀</th><th>每分钟上限</th><th>发放时间</th><th>调用次数</th><th>最近调用</th><th>状态</th><th></th></tr></thead>
    <tbody>
    <?cs each:k = Keys ?>
    <tr><td><?cs var:k.Employer ?></td><td><?cs var:k.Contact ?></td><td class="mono">xck_<?cs var:k.Prefix ?>…</td><td><?cs var:k.Rate ?></td><td><?cs var:k.Created ?></td><td><?cs var:k.Uses ?></td><td><?cs var:k.LastUse ?></td>
      <td><?cs if:k.Revoked ?>已撤销（<?cs var:k.Revoked ?>）<?cs else ?>有效<?cs /if ?></td>
      <td><?cs if:!k.Revoked ?><form method="post" action="/verify/apikeys/<?cs var:k.Id ?>/revoke" class="inline"><?cs call:csrf() ?><button type="submit" class="btn small danger">撤销</button></form><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div>
</section>
<section class="card">
  <h2>发放新密钥</h2>
  <?cs call:form_error() ?>
  <form method="post" action="/verify/apikeys" class="grid">
    <?cs call:csrf() ?>
    <label>用人单位名称<input name="employer" value="<?cs var:Form.employer ?>" required maxlength="100"></label>
    <label>联系人及联系方式<input name="contact" value="<?cs var:Form.contact ?>" required maxlength="100" placeholder="如 人事部 李女士 010-12345678"></label>
    <label>每分钟请求上限<input name="per_minute" value="<?cs if:Form.per_minute ?><?cs var:Form.per_minute ?><?cs else ?><?cs var:Key.DefaultRate ?><?cs /if ?>" inputmode="numeric" maxlength="5"></label>
    <button type="submit" class="btn primary">发放</button>
  </form>
</section>
