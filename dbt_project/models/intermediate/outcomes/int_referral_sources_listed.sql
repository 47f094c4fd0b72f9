-- The eleven referral_source codes of the treatment feed contract, in contract order: the
-- referral-source axis of treatment_referrals' grid (architecture judgement 6).

with

referral_sources as (

    select
        cast(codes.source_order as integer) as source_order,
        cast(codes.referral_source as varchar) as referral_source
    from (
        values
        (1, 'required_assessment'),
        (2, 'arrest_referral'),
        (3, 'liaison_diversion'),
        (4, 'out_of_court_disposal'),
        (5, 'probation'),
        (6, 'drr'),
        (7, 'prison'),
        (8, 'self'),
        (9, 'gp'),
        (10, 'hospital'),
        (11, 'other')
    ) as codes (source_order, referral_source)

)

select * from referral_sources
