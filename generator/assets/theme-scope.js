/* mkdocs-material 9.8's partials/javascripts/base.html, as a file every page shares
   instead of a copy in each page: the scope is the site root, one folder up from
   this file (or the theme's extra.scope, passed as data-scope). */
__md_scope=new URL(document.currentScript.dataset.scope||"..",document.currentScript.dataset.scope?location:document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
