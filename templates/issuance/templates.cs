<section class="card">
  <div class="titlebar"><h1>证书模板</h1><a class="btn primary" href="/certs/templates/new">新增模板版本</a></div>
  <p class="muted">模板版本一经保存不再修改：修改版式或背景即新增一个版本。证书在确认签发时记录所用的模板版本和双方印章版本，此后模板或印章的任何变化都不会改变已签发的证书。没有专用模板的证书类型使用平台默认模板的最新版本。</p>
  <div class="tablewrap"><table>
    <thead><tr><th>证书类型</th><th>版本</th><th>背景</th><th>说明</th><th>创建人</th><th>创建时间</th><th>已签发证书</th><th>操作</th></tr></thead>
    <tbody>
    <?cs each:t = Tpl ?>
    <tr id="t<?cs var:t.Id ?>"><td><?cs if:t.Type ?><?cs var:t.Type ?>（<?cs var:t.Level ?>）<br><small class="muted"><?cs var:t.Org ?></small><?cs else ?>平台默认模板<?cs /if ?></td>
      <td>第 <?cs var:t.Version ?> 版<?cs if:t.Current == "1" ?> <span class="status st-confirmed">当前</span><?cs /if ?></td>
      <td><?cs if:t.HasBg == "1" ?>背景图片<?cs else ?>系统边框<?cs /if ?></td>
      <td><?cs var:t.Note ?></td><td><?cs var:t.By ?></td><td class="nowrap"><?cs var:t.At ?></td><td><?cs var:t.Used ?></td>
      <td class="nowrap"><a href="/certs/templates/<?cs var:t.Id ?>/sample.png">查看样例</a> · <a href="/certs/templates/new?from=<?cs var:t.Id ?>">以此为基础新增版本</a></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div>
  <h2 id="mismatch">图像校验异常<?cs if:BadCount > 0 ?> <span class="badge"><?cs var:BadCount ?></span><?cs /if ?></h2>
  <p class="muted">每份证书签发后首次生成图像时记录其 SHA-256，此后每次生成都与之比对；不一致的图像不提供下载，并列在这里。</p>
  <?cs if:BadCount > 0 ?>
  <div class="tablewrap"><table>
    <thead><tr><th>证书编号</th><th>分辨率</th><th>冻结的哈希</th><th>本次生成的哈希</th><th>次数</th><th>首次</th><th>最近</th></tr></thead>
    <tbody>
    <?cs each:b = Bad ?>
    <tr class="bad"><td class="mono"><?cs var:b.Number ?></td><td><?cs var:b.Dpi ?> dpi</td><td class="mono small"><?cs var:b.Expected ?></td><td class="mono small"><?cs var:b.Got ?></td><td><?cs var:b.Seen ?></td><td class="nowrap"><?cs var:b.First ?></td><td class="nowrap"><?cs var:b.Last ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?><p>暂无异常。</p><?cs /if ?>
</section>
