-- Pandoc Lua filter for test/unit/csl/oracle.test.ts: after --citeproc, prints each bibliography
-- entry as `id<TAB>text` on one line, without its citation number, and nothing else.
function Div(div)
  local id = div.identifier
  if id:sub(1, 4) ~= 'ref-' then return nil end
  local text = pandoc.utils.stringify(pandoc.walk_block(pandoc.Div(div.content), {
    Span = function(s) if s.classes:includes('csl-left-margin') then return {} end end,
    Quoted = function(q)
      local open, close = '“', '”'
      if q.quotetype == 'SingleQuote' then open, close = '‘', '’' end
      local out = pandoc.List({ pandoc.Str(open) })
      out:extend(q.content)
      out:insert(pandoc.Str(close))
      return out
    end,
  }))
  io.stdout:write(id:sub(5), '\t', (text:gsub('%s+', ' ')), '\n')
  return nil
end

function Pandoc(doc)
  return pandoc.Pandoc({})
end
