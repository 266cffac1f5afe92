<section class="card sealview">
  <h1>签章加盖在证书上的效果</h1>
  <p class="muted">以下为示例证书（150 dpi），确认签发证书时将按此效果加盖当前签章。</p>
  <figure><img src="<?cs var:Seal.Base ?>/v/<?cs var:Seal.Id ?>/preview.png" alt="加盖签章的示例证书"></figure>
  <p><a href="<?cs var:Seal.Base ?>">返回<?cs if:Seal.Base == "/org/seal" ?>颁证机构签章<?cs else ?>电子签章<?cs /if ?></a></p>
</section>
