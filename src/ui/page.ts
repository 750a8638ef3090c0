// The page of `vpnphone ui`: a drop zone and file pickers, the report (the HTML report's own fragment, style and
// script), and evidence lines that open in context. Inline style and script, allowed by hash; it talks only
// to the server that sent it (connect-src 'self').
import { contentSecurityPolicy, esc, htmlPage, REPORT_CSS, REPORT_SCRIPT } from '../report/html.js';
import { TOOL_VERSION } from '../version.js';
import { CONTEXT_RADIUS } from './context.js';

const UI_CSS = `${REPORT_CSS}
.drop{margin:12px 0;border:2px dashed #8c959f;border-radius:8px;padding:22px;text-align:center;background:#f6f8fa}
.drop.over{border-color:#0b5cad;background:#eef5ff}
.drop p{margin:4px 0}
#status{min-height:1.4em;color:#57606a}
#status.error{color:#b00020}
`;

/** Uploads the files as one body: a 4-byte length, a JSON list of names and sizes, then the bytes in order. */
const UI_SCRIPT = `
(function(){
var out=document.getElementById('out'),status=document.getElementById('status'),drop=document.getElementById('drop');
var limits=JSON.parse(document.getElementById('limits').getAttribute('data-limits'));
var context={};
function say(text,error){status.textContent=text;status.className=error?'error':'';}
function send(list){
  if(list.length===0){say('No file.',true);return;}
  if(list.length>limits.maxFiles){say(list.length+' files: at most '+limits.maxFiles+' at once.',true);return;}
  var total=0;list.forEach(function(x){total+=x.file.size;});
  if(total>limits.maxBytes){say('The files add up to more than '+limits.maxBytesText+'.',true);return;}
  say('Reading '+list.length+' file'+(list.length===1?'':'s')+'...');
  Promise.all(list.map(function(x){return x.file.arrayBuffer();})).then(function(bufs){
    var head=new TextEncoder().encode(JSON.stringify({files:list.map(function(x,i){return {name:x.name,size:bufs[i].byteLength};})}));
    var len=new Uint8Array(4);new DataView(len.buffer).setUint32(0,head.length);
    return fetch('api/report',{method:'POST',headers:{'Content-Type':'application/octet-stream'},body:new Blob([len,head].concat(bufs))});
  }).then(function(r){return r.json().then(function(j){if(!r.ok)throw new Error(j.error||r.statusText);return j;});})
  .then(function(j){
    out.innerHTML=j.html;context=j.context||{};
    window.vpnphoneReport.init(out);wire(out);say(j.summary);
  },function(e){out.textContent='';say('Error: '+e.message,true);});
}
function wire(root){
  Array.prototype.slice.call(root.querySelectorAll('.ev[data-line]')).forEach(function(li){
    var lines=context[li.getAttribute('data-src')];var n=Number(li.getAttribute('data-line'));
    if(!lines||lines[n]===undefined)return;
    li.classList.add('open');li.title='Show the lines around it';
    li.addEventListener('click',function(){
      var next=li.nextElementSibling;
      if(next&&next.classList.contains('ctx')){next.parentNode.removeChild(next);return;}
      var box=document.createElement('div');box.className='ctx';
      for(var i=n-${CONTEXT_RADIUS};i<=n+${CONTEXT_RADIUS};i++){if(lines[i]===undefined)continue;
        var d=document.createElement('div');if(i===n)d.className='hit';
        var s=document.createElement('span');s.className='n';s.textContent=String(i);
        d.appendChild(s);d.appendChild(document.createTextNode(lines[i]));box.appendChild(d);}
      li.parentNode.insertBefore(box,li.nextSibling);
    });
  });
}
function fromInput(el){return Array.prototype.slice.call(el.files).map(function(f){return {name:f.webkitRelativePath||f.name,file:f};});}
document.getElementById('files').addEventListener('change',function(e){send(fromInput(e.target));e.target.value='';});
document.getElementById('folder').addEventListener('change',function(e){send(fromInput(e.target));e.target.value='';});
function walk(entry,path,list,depth){
  if(list.length>limits.maxFiles||depth>16)return Promise.resolve();
  if(entry.isFile)return new Promise(function(ok){entry.file(function(f){list.push({name:path+f.name,file:f});ok();},function(){ok();});});
  if(!entry.isDirectory)return Promise.resolve();
  var reader=entry.createReader();
  return new Promise(function(ok){var all=[];(function more(){reader.readEntries(function(batch){
    if(batch.length===0||all.length>limits.maxFiles){ok(all);return;}all=all.concat(batch);more();},function(){ok(all);});})();})
  .then(function(entries){return entries.reduce(function(p,e){return p.then(function(){return walk(e,path+entry.name+'/',list,depth+1);});},Promise.resolve());});
}
drop.addEventListener('dragover',function(e){e.preventDefault();drop.classList.add('over');});
drop.addEventListener('dragleave',function(){drop.classList.remove('over');});
drop.addEventListener('drop',function(e){
  e.preventDefault();drop.classList.remove('over');
  var items=Array.prototype.slice.call(e.dataTransfer.items||[]),list=[];
  var entries=items.map(function(i){return i.webkitGetAsEntry&&i.webkitGetAsEntry();}).filter(Boolean);
  if(entries.length===0){send(Array.prototype.slice.call(e.dataTransfer.files).map(function(f){return {name:f.name,file:f};}));return;}
  entries.reduce(function(p,en){return p.then(function(){return walk(en,'',list,0);});},Promise.resolve()).then(function(){send(list);});
});
})();
`;

export interface UiLimits {
  maxFiles: number;
  maxBytes: number;
  maxBytesText: string;
}

/** The page and the Content Security Policy the server sends with it. */
export function uiPage(limits: UiLimits): { html: string; csp: string } {
  const scripts = [REPORT_SCRIPT, UI_SCRIPT];
  const csp = contentSecurityPolicy(UI_CSS, scripts, "; connect-src 'self'");
  const body = `<header class="vp-head">
<h1>vpnphone ui</h1>
<p class="meta">vpnphone ${esc(TOOL_VERSION)} · everything is read on this machine; nothing is stored</p>
<div class="drop" id="drop">
<p><b>Drop files, a folder or a problem report (PRT) archive here</b></p>
<p>or choose <input type="file" id="files" multiple aria-label="Files"> or a folder <input type="file" id="folder" webkitdirectory multiple aria-label="Folder"></p>
<p class="meta">ASA output, phone configurations, certificates, deployment.yaml, AXL responses, phone and headend logs, .tar/.tgz/.gz/.zip — up to ${limits.maxFiles} files, ${esc(limits.maxBytesText)} in all</p>
</div>
<p id="status" role="status"></p>
</header>
<div id="limits" hidden data-limits="${esc(JSON.stringify(limits))}"></div>
<div id="out"></div>`;
  return { html: htmlPage('vpnphone ui', body, scripts, UI_CSS, csp), csp };
}
